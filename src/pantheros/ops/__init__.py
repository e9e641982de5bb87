"""Operations that compose several areas (fleet, hardware, storage, nix, ssh).

They sit above the areas they use, so imports only point down: an area never imports from
here.
"""
