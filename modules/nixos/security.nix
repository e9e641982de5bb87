# Login and network exposure: OpenSSH with keys only, a default-deny
# firewall, fail2ban where SSH faces the internet, and sudo for wheel.
{ config, lib, ... }:
let
  cfg = config.panther.security;
in
{
  options.panther.security = {
    enable = lib.mkEnableOption "the PantherOS security baseline" // {
      default = true;
    };
    ssh.openFirewall = lib.mkOption {
      type = lib.types.bool;
      default = true;
      description = ''
        Whether SSH is reachable on every interface. When false, SSH is only
        reachable over Tailscale (the trusted interface) and the provider's
        console is the way in if Tailscale is down.
      '';
    };
    fail2ban.enable = lib.mkEnableOption "fail2ban for SSH";
  };

  config = lib.mkMerge [
    (lib.mkIf cfg.enable {
      services.openssh = {
        enable = true;
        inherit (cfg.ssh) openFirewall;
        settings = {
          PasswordAuthentication = false;
          KbdInteractiveAuthentication = false;
          PermitRootLogin = "prohibit-password";
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
      };

      networking.firewall = {
        enable = true;
        allowPing = true;
        logRefusedConnections = false;
      };

      security.sudo = {
        enable = true;
        execWheelOnly = true;
        wheelNeedsPassword = lib.mkDefault true;
      };
    })

    # A non-root deploy user needs sudo without a password for activation.
    (lib.mkIf (cfg.enable && config.panther.host.deployUser != "root") {
      security.sudo.extraRules = [
        {
          users = [ config.panther.host.deployUser ];
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
        # Never ban the tailnet (CGNAT range used by Tailscale).
        ignoreIP = [ "100.64.0.0/10" ];
      };
    })
  ];
}
