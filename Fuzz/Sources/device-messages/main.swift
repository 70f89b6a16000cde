import FuzzDriver
import FuzzTargets

FuzzDriver.run(DeviceMessageFuzzTargets.decode)
