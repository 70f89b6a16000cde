import FuzzDriver
import FuzzTargets

FuzzDriver.run(BitcoinFuzzTargets.transaction)
