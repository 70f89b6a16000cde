import FuzzDriver
import FuzzTargets

FuzzDriver.run(FirmwareFuzzTargets.parse)
