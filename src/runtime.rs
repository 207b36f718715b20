// The runtime's modules and what the crate exports of them, included by `lib.rs`: the same
// file in this crate and in every crate `cloudforce-one-codegen generate --crate` writes, whose
// `lib.rs` differs only in its documentation. Every module but `api` (the API's address,
// credentials and name) is the same source in both.

mod api;
mod auth;
mod call;
mod client;
pub mod clock;
mod de;
mod error;
mod operation;
mod paging;
mod request;
mod retry;
mod timestamp;
pub mod transport;
mod upload;

pub use api::{Credentials, BASE_URL_VAR, DEFAULT_BASE_URL};
pub use auth::Secret;
pub use call::{Call, Response};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use error::{
    ApiError, ApiMessage, ApiMessageSource, DecodeError, Error, Result, ERROR_SHOWN_CHARS,
    ERROR_SHOWN_ENTRIES,
};
pub use operation::Operation;
pub use paging::Pages;
pub use retry::RetryPolicy;
pub use timestamp::{Timestamp, TimestampError};
pub use upload::Upload;

/// The runtime contract the generated code calls: how a method builds its request, how a call is
/// made, how pages are walked and how a struct is read. Not part of the public API; it changes
/// with the generator.
#[doc(hidden)]
pub mod __codegen {
    pub use crate::de::{deserialize_struct, missing, Fields};
    pub use crate::paging::pages;
    pub use crate::request::{AsJson, Decode, Multipart, Request, Retry};

    /// An entry of the generated `OPERATIONS` table.
    pub const fn operation(
        id: &'static str,
        method: &'static str,
        path: &'static str,
    ) -> crate::Operation {
        crate::Operation::new(id, method, path)
    }

    /// A call of `request` on `client`, its success read as `decode` says.
    pub fn call<'c, T: serde::de::DeserializeOwned, Op>(
        client: &'c crate::Client,
        request: Request,
        decode: Decode,
    ) -> crate::Call<'c, T, Op> {
        crate::call::call(client, request, decode)
    }

    /// An optional query parameter's setter: `value` replaces what an earlier setting added
    /// (`None` leaves the parameter out, a sequence repeats it).
    pub fn set_query<'c, T, Op>(
        call: crate::Call<'c, T, Op>,
        name: &'static str,
        value: impl serde::Serialize,
    ) -> crate::Call<'c, T, Op> {
        crate::call::with_request(call, |request| request.replace_query(name, value))
    }

    /// An optional header parameter's setter, as [`set_query`] is for a query parameter.
    pub fn set_header<'c, T, Op>(
        call: crate::Call<'c, T, Op>,
        name: &'static str,
        value: impl serde::Serialize,
    ) -> crate::Call<'c, T, Op> {
        crate::call::with_request(call, |request| request.replace_header(name, value))
    }
}
