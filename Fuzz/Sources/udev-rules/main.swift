import FuzzDriver
import FuzzTargets

FuzzDriver.run(UdevRulesFuzzTargets.parse)
