//! Contract tests: work in progress.
