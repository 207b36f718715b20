//! [`Operation`]: what the generated code declares about each operation (its operationId, HTTP
//! method and path template), listed in [`resources::OPERATIONS`](crate::resources::OPERATIONS)
//! for whatever routes, counts or labels by operation (metrics, a test double, the `testing`
//! fake).

/// One operation of the API, as the spec declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operation {
    id: &'static str,
    method: &'static str,
    path: &'static str,
}

impl Operation {
    /// Declared by the generated code.
    pub(crate) const fn new(id: &'static str, method: &'static str, path: &'static str) -> Self {
        Operation { id, method, path }
    }

    /// The operationId (`requests-create`); also what [`Error`](crate::Error)s and tracing spans
    /// name the operation by.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The HTTP method, upper case (`POST`).
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The path template below the base URL, with `{name}` for each path parameter
    /// (`/accounts/{account_id}/cloudforce-one/requests/new`).
    pub fn path(&self) -> &'static str {
        self.path
    }
}
