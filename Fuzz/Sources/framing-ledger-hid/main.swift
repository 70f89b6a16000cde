import FuzzDriver
import FuzzTargets

FuzzDriver.run(FramingFuzzTargets.ledgerHID)
