import FuzzDriver
import FuzzTargets

FuzzDriver.run(DeviceSessionFuzzTargets.session)
