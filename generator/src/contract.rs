//! The contract between generated code and the client crate's runtime, declared once: the items
//! of the runtime's `__codegen` module that generated code calls, and the names `Client` already
//! has (so no resource accessor takes one). The runtime's `tests/runtime_contract.rs` checks both
//! lists against the runtime's source, so neither can drift from what the runtime really is.

/// What generated code may name under `crate::__codegen`.
pub const CODEGEN_ITEMS: &[&str] = &[
    "AsJson",
    "Decode",
    "Fields",
    "Multipart",
    "Request",
    "Retry",
    "call",
    "deserialize_struct",
    "missing",
    "operation",
    "pages",
    "set_header",
    "set_query",
];

/// Methods every call has, which no optional parameter's setter may take the name of: the
/// runtime's `Call` methods and `IntoFuture`'s.
pub const CALL_METHODS: &[&str] = &[
    "timeout",
    "retry",
    "deadline",
    "with_details",
    "into_future",
];

/// Methods `Client` has: its own (`new`, `builder`, `from_env`) and those of the traits it
/// implements (`Clone`, `Debug`).
pub const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "clone", "fmt"];
