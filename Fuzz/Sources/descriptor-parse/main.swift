import FuzzDriver
import FuzzTargets

FuzzDriver.run(BitcoinFuzzTargets.descriptor)
