// A destination's executable imports only this module: its `main.swift` is
// `DestinationCommand<MyDestination>.main()`, with the kit's types at hand.
@_exported public import DestinationKit
