import FuzzDriver
import FuzzTargets

FuzzDriver.run(CryptoFuzzTargets.parse)
