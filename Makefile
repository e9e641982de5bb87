# Thin aliases for ./dev, which needs nothing but bash, python3 and pip.
.PHONY: demo test bench
demo test bench:
	./dev $@
