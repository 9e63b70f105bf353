import ArgumentParser

/// How much `read` and `sync` print: live progress and a table by default,
/// nothing but errors with `--quiet`, a JSON summary on stdout with `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print a machine-readable JSON summary on stdout (progress still goes to stderr).")
    var json = false
}
