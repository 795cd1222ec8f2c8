//! Contract tests live in the test targets of this package, one per provider.
