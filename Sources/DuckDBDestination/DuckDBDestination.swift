import DestinationKit
import DuckDB
