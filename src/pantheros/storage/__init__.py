"""Hardware-aware Btrfs storage: plan, write disko, check, benchmark.

Public surface (pure unless noted):
    planner.plan_storage(profile, settings, host=None) -> StoragePlan
    disko.render(plan, header=...) -> str            (disko.header_for(plan, command, report=…))
    check.check_file(path, profile, settings) -> CheckReport   (runs nix-instantiate)
    inputs.plan_host(fleet, name) -> StoragePlan     (reads the host's report)
    bench.run_bench(...) -> BenchResult               (root: loop devices)
    realize.realize(plan, workdir) -> Realized        (root: loop devices)
"""
