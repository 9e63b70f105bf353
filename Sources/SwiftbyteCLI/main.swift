import Swiftbyte
