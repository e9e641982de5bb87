"""`panther mcp`: the fleet's typed operations over the Model Context Protocol.

server.py builds and runs the server, tools.py and resources.py expose the library functions
the CLI calls (nothing is implemented twice), plans.py keeps the deploy plans an agent may
execute, options_index.py searches the `panther.*` option docs (options_gen.py makes them).
Nothing here is imported unless `panther mcp` runs: the SDK is slow to import.
"""
