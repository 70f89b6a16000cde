import FuzzDriver
import FuzzTargets

FuzzDriver.run(FramingFuzzTargets.u2fHID)
