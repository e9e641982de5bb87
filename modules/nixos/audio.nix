# Sound: PipeWire, with ALSA and PulseAudio clients; rtkit for real-time
# scheduling. On with the desktop.
{ config, lib, ... }:
let
  cfg = config.panther.audio;
in
{
  options.panther.audio.enable = lib.mkEnableOption "PipeWire for sound" // {
    default = config.panther.desktop.enable;
    defaultText = lib.literalExpression "config.panther.desktop.enable";
  };

  config = lib.mkIf cfg.enable {
    security.rtkit.enable = true;
    services.pipewire = {
      enable = true;
      alsa.enable = true;
      pulse.enable = true;
    };
  };
}
