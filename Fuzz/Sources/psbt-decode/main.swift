import FuzzDriver
import FuzzTargets

FuzzDriver.run(PSBTFuzzTargets.decode)
