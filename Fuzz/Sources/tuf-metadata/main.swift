import FuzzDriver
import FuzzTargets

FuzzDriver.run(TUFFuzzTargets.metadata)
