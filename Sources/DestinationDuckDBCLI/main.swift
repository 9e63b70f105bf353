import DestinationKitCommand
import DuckDBDestination

// `destination-duckdb spec | check --config FILE | write --config FILE --catalog FILE`
DestinationCommand<DuckDBDestination>.main()
