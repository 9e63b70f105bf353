#include "ConcurrencyHook.h"

#include <stddef.h>

/// Defined by the Swift runtime (`swift/Runtime/Concurrency.h`) as a pointer to a
/// swiftcall function; only its address and size matter here.
extern void *swift_task_enqueueGlobal_hook;

bool swiftbyte_install_global_enqueue_hook(const void *hook) {
    void *expected = NULL;
    return __atomic_compare_exchange_n(
        &swift_task_enqueueGlobal_hook, &expected, (void *)hook, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
