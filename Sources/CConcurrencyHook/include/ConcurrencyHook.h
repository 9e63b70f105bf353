#ifndef SWIFTBYTE_CONCURRENCY_HOOK_H
#define SWIFTBYTE_CONCURRENCY_HOOK_H

#include <stdbool.h>

/// Sets the Swift runtime's `swift_task_enqueueGlobal_hook` to `hook`, a Swift
/// `@convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void`, unless a
/// hook is set already; returns whether it was set.
///
/// SwiftNIO finds the hook with `dlsym`, which sees only a binary's exported symbols: a binary
/// linked with `--static-swift-stdlib` keeps the runtime's symbols to itself, so NIO cannot
/// install its executor there. Naming the hook here links it directly, in either build.
bool swiftbyte_install_global_enqueue_hook(const void *hook);

#endif
