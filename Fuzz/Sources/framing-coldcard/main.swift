import FuzzDriver
import FuzzTargets

FuzzDriver.run(FramingFuzzTargets.coldcard)
