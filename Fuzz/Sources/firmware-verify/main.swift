import FuzzDriver
import FuzzTargets

FuzzDriver.run(FirmwareFuzzTargets.verify)
