# The fleet's binary cache: Attic on hetzner-vps, reached over Tailscale.
# flake.nix repeats these two values in nixConfig (which must be literal);
# keep both in sync.
{
  url = "http://hetzner-vps.panther-example.ts.net:8080/panther";
  # Placeholder: replace with your cache's key (`attic cache info panther`).
  publicKey = "panther:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
}
