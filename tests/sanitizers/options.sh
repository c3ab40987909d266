# What the checked builds report and how (sourced by tests/sanitizers/run.sh and tests/run-all.sh):
# every report stops the process that made it, so a test fails on it.
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
