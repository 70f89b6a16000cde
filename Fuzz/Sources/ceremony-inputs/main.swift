import FuzzDriver
import FuzzTargets

FuzzDriver.run(CeremonyFuzzTargets.inputs)
