# Login and network exposure: OpenSSH with keys only, a default-deny
# firewall, fail2ban where SSH faces the internet, and sudo for wheel.
#
# Who may log in where:
# - SSH answers on every interface only with ssh.openFirewall; otherwise only
#   over Tailscale (its interface is trusted, see network.nix). Laptops and
#   servers keep it closed by default. Without Tailscale and without an open
#   firewall nothing could reach sshd, so it does not run.
# - root logs in over SSH (by key) only when root is the fleet's deploy user
#   for the host, and then only from the tailnet: with an open firewall, a
#   Match block limits it to Tailscale's addresses.
# - The primary user's password (users.nix) is for the console, the greeter
#   and sudo, never for SSH.
{ config, lib, ... }:
let
  cfg = config.panther.security;
  inherit (config.panther.host) deployUser;
  tailscale = config.panther.network.tailscale.enable;

  # Tailscale's address ranges: IPv4 CGNAT and its IPv6 ULA prefix.
  tailnetRanges = [
    "100.64.0.0/10"
    "fd7a:115c:a1e0::/48"
  ];
  rootDeploys = deployUser == "root";
in
{
  options.panther.security = {
    enable = lib.mkEnableOption "the PantherOS security baseline" // {
      default = true;
    };
    ssh = {
      enable = lib.mkOption {
        type = lib.types.bool;
        default = cfg.ssh.openFirewall || tailscale;
        defaultText = lib.literalMD "`ssh.openFirewall`, or Tailscale is on";
        description = "Whether sshd runs. Off when nothing could reach it.";
      };
      openFirewall = lib.mkOption {
        type = lib.types.bool;
        default = false;
        description = ''
          Whether SSH is reachable on every interface. When false, SSH is only
          reachable over Tailscale (the trusted interface); the provider's
          console, with the primary user's password, is the way in if
          Tailscale is down. Turning it on also turns on fail2ban.
        '';
      };
    };
    fail2ban.enable = lib.mkEnableOption "fail2ban for SSH" // {
      default = cfg.ssh.enable && cfg.ssh.openFirewall;
      defaultText = lib.literalMD "SSH faces the internet (`ssh.openFirewall`)";
    };
  };

  config = lib.mkMerge [
    (lib.mkIf (cfg.enable && cfg.ssh.enable) {
      services.openssh = {
        enable = true;
        inherit (cfg.ssh) openFirewall;
        settings = {
          PasswordAuthentication = false;
          KbdInteractiveAuthentication = false;
          PermitRootLogin = if rootDeploys && !cfg.ssh.openFirewall then "prohibit-password" else "no";
          AuthenticationMethods = "publickey";
          X11Forwarding = false;
          # Post-quantum hybrid and curve25519 key exchange only, AEAD ciphers,
          # encrypt-then-MAC.
          KexAlgorithms = [
            "mlkem768x25519-sha256"
            "sntrup761x25519-sha512@openssh.com"
            "curve25519-sha256"
            "curve25519-sha256@libssh.org"
          ];
          Ciphers = [
            "chacha20-poly1305@openssh.com"
            "aes256-gcm@openssh.com"
            "aes128-gcm@openssh.com"
          ];
          Macs = [
            "hmac-sha2-512-etm@openssh.com"
            "hmac-sha2-256-etm@openssh.com"
            "umac-128-etm@openssh.com"
          ];
        };
        # sshd_config ends with extraConfig, where a Match block must go.
        extraConfig = lib.mkIf (rootDeploys && cfg.ssh.openFirewall) ''
          Match Address ${lib.concatStringsSep "," tailnetRanges}
            PermitRootLogin prohibit-password
        '';
      };
    })

    (lib.mkIf cfg.enable {
      networking.firewall = {
        enable = true;
        allowPing = true;
        logRefusedConnections = false;
      };

      security.sudo = {
        enable = true;
        # users.nix puts a non-root deploy user into wheel, so this holds for it too.
        execWheelOnly = true;
        wheelNeedsPassword = lib.mkDefault true;
      };
    })

    # A non-root deploy user needs sudo without a password for activation.
    (lib.mkIf (cfg.enable && !rootDeploys) {
      security.sudo.extraRules = [
        {
          users = [ deployUser ];
          commands = [
            {
              command = "ALL";
              options = [ "NOPASSWD" ];
            }
          ];
        }
      ];
    })

    (lib.mkIf (cfg.enable && cfg.fail2ban.enable) {
      services.fail2ban = {
        enable = true;
        maxretry = 5;
        bantime = "1h";
        bantime-increment = {
          enable = true;
          maxtime = "168h";
        };
        # Never ban the tailnet.
        ignoreIP = tailnetRanges;
      };
    })
  ];
}
