"""Shared by the repository's tests: a closing line with the mutation catch rate."""

MUTATION_TEST = "test_mutations.py::test_the_checks_catch_the_mistake"


def pytest_terminal_summary(terminalreporter):
    """After a run that graded mutations, say how many of them the checks caught."""
    outcomes = [report for status in ("passed", "failed") for report in terminalreporter.stats.get(status, [])
                if MUTATION_TEST in report.nodeid and report.when == "call"]
    if outcomes:
        caught = sum(report.passed for report in outcomes)
        terminalreporter.write_line(f"Mutation catch rate: {caught}/{len(outcomes)} classic mistakes caught "
                                    f"({100 * caught / len(outcomes):.0f}%)")
