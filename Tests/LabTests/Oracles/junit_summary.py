#!/usr/bin/env python3
"""Reads a JUnit XML report with junitparser, as CI systems do, and prints what it found as JSON:
per suite its counts, and per test case its outcome (passed / failure / error / skipped) and message.

    junit_summary.py REPORT.xml
"""

import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped


def outcome(case):
    for result in case.result:
        if isinstance(result, Failure):
            return "failure", result.message
        if isinstance(result, Error):
            return "error", result.message
        if isinstance(result, Skipped):
            return "skipped", result.message
    return "passed", None


def main(path):
    xml = JUnitXml.fromfile(path)
    suites = []
    cases = []
    for suite in xml:
        suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                       "errors": suite.errors, "skipped": suite.skipped,
                       "properties": {p.name: p.value for p in suite.properties()}})
        for case in suite:
            kind, message = outcome(case)
            cases.append({"suite": suite.name, "name": case.name, "classname": case.classname,
                          "outcome": kind, "message": message, "system_out": case.system_out})
    print(json.dumps({"suites": suites, "cases": cases}))


if __name__ == "__main__":
    main(sys.argv[1])
