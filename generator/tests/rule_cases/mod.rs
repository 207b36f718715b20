//! One before/after spec pair per `diff` rule, shared by the rule tests (`tests/diff.rs`) and the
//! semver oracle (`tests/semver_oracle.rs`), so the pairs `diff` is judged on are exactly the
//! pairs the compiler and cargo-semver-checks judge.
//!
//! Every pair is the base spec (`tests/diff/base.yaml`) with some text replaced. A breaking case
//! carries a *witness*: a small user program that compiles against the crate generated from the
//! base spec and must not compile against the one generated from the edited spec — the proof,
//! independent of any lint catalogue, that the change really breaks users.

// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use cloudforce_one_codegen::diff::{Rule, Severity};
use cloudforce_one_codegen::Settings;
use std::path::Path;

/// One rule, one edit of the base spec, and what `diff` must say about it.
pub struct Case {
    /// A stable name: the test's and the oracle's label.
    pub name: &'static str,
    /// `(from, to)` replacements applied to the base spec, every occurrence; each must occur.
    pub edits: &'static [(&'static str, &'static str)],
    /// The rule that must report it.
    pub rule: &'static str,
    /// How many changes that rule reports (an edit of a shared path touches every method on it).
    pub count: usize,
    pub severity: Severity,
    /// Words each found in one of the rule's messages.
    pub words: &'static [&'static str],
    /// A user program (items of a library crate whose dependency `api` is the generated client)
    /// that compiles before the change and not after it. Cases whose report is breaking must
    /// have one.
    pub witness: Option<&'static str>,
}

/// The base spec every case edits.
pub fn base() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("diff/base.yaml"))
        .expect("tests/diff/base.yaml is readable")
}

impl Case {
    /// The edited spec.
    pub fn after(&self) -> String {
        edited(self.edits)
    }

    /// The settings both sides are generated and diffed with: the rules about identical types
    /// exist only where identical types are shared, and those about serde traits only where they
    /// are derived as used, so their cases pin that setting; every other case leaves both to
    /// follow the document's size (the base spec is small: a type per schema, both traits).
    pub fn settings(&self) -> Settings {
        let rule = Rule::from_id(self.rule);
        let settings = Settings::default();
        match rule {
            Some(Rule::TypesJoined | Rule::TypesSeparated) => settings.share_identical_types(true),
            Some(Rule::SerdeTraitAdded | Rule::SerdeTraitRemoved) => settings.derive_as_used(true),
            _ => settings,
        }
    }
}

/// The base spec with every `(from, to)` replacement made; each `from` must occur.
pub fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = base();
    for (from, to) in edits {
        assert!(
            text.contains(from),
            "edit target not in the base spec: {from}"
        );
        text = text.replace(from, to);
    }
    text
}

/// The case with this name.
pub fn case(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no rule case named {name}"))
}

const OPERATION_ADDED: &str = "  /things/{thing_id}/touch:\n    put:\n      operationId: things-touch\n      tags: [things]\n      parameters:\n        - {name: thing_id, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\ncomponents:";
const EXPAND: &str = "        - {name: expand, in: query, schema: {type: boolean}}";
const THING_ID: &str =
    "        - {name: thing_id, in: path, required: true, schema: {type: string}}\n";

/// 195 operations more than the base spec's 5, so the document is a large one: 39 paths more of
/// five methods each (their ids made from method and path), written once and aliased.
const MANY_OPERATIONS: &str = "  /p0: &ops\n    get: &op {tags: [things], responses: {'204': {description: ok}}}\n    put: *op\n    post: *op\n    delete: *op\n    patch: *op\n  /p1: *ops\n  /p2: *ops\n  /p3: *ops\n  /p4: *ops\n  /p5: *ops\n  /p6: *ops\n  /p7: *ops\n  /p8: *ops\n  /p9: *ops\n  /p10: *ops\n  /p11: *ops\n  /p12: *ops\n  /p13: *ops\n  /p14: *ops\n  /p15: *ops\n  /p16: *ops\n  /p17: *ops\n  /p18: *ops\n  /p19: *ops\n  /p20: *ops\n  /p21: *ops\n  /p22: *ops\n  /p23: *ops\n  /p24: *ops\n  /p25: *ops\n  /p26: *ops\n  /p27: *ops\n  /p28: *ops\n  /p29: *ops\n  /p30: *ops\n  /p31: *ops\n  /p32: *ops\n  /p33: *ops\n  /p34: *ops\n  /p35: *ops\n  /p36: *ops\n  /p37: *ops\n  /p38: *ops\ncomponents:";

pub const CASES: &[Case] = &[
    Case {
        name: "resource-added",
        edits: &[(
            "components:",
            "  /gadgets:\n    get:\n      operationId: gadgets-list\n      tags: [gadgets]\n      responses: {'204': {description: ok}}\ncomponents:",
        )],
        rule: "resource-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["accessor `client.gadgets()` and its struct `Gadgets` (tag `gadgets`) added"],
        witness: None,
    },
    Case {
        name: "resource-removed",
        edits: &[("tags: [things]", "tags: [items]")],
        rule: "resource-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["accessor `client.things()` and its struct `Things` (tag `things`) removed"],
        witness: Some("pub fn witness(client: &api::Client) { let _ = client.things(); }"),
    },
    Case {
        name: "validation-tightened",
        edits: &[(
            "        name: {type: string}\n        mode:",
            "        name: {type: string, maxLength: 64}\n        mode:",
        )],
        rule: "validation-tightened",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["`ThingEdit::name` is checked more strictly (`maxLength` 64 added)"],
        witness: None,
    },
    Case {
        name: "validation-tightened-parameter",
        edits: &[(
            "{name: reason, in: query, required: true, schema: {type: string}}",
            "{name: reason, in: query, required: true, schema: {type: string, pattern: '^[a-z]+$'}}",
        )],
        rule: "validation-tightened",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["parameter `reason` of `things().archive()` is checked more strictly (`pattern` ^[a-z]+$ added)"],
        witness: None,
    },
    Case {
        name: "validation-loosened",
        edits: &[("maximum: 100,", "maximum: 1000,")],
        rule: "validation-loosened",
        count: 1,
        severity: Severity::Compatible,
        words: &["`ThingList::per_page` is checked less strictly (`maximum` 100 → 1000)"],
        witness: None,
    },
    Case {
        name: "default-changed",
        edits: &[("default: 20}", "default: 50}")],
        rule: "default-changed",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["the default of `ThingList::per_page` is `50` instead of `20`"],
        witness: None,
    },
    Case {
        name: "marked-deprecated",
        edits: &[(
            "    delete:\n      operationId: things-delete\n",
            "    delete:\n      operationId: things-delete\n      deprecated: true\n",
        )],
        rule: "marked-deprecated",
        count: 1,
        severity: Severity::Compatible,
        words: &["`things().delete()` is now deprecated: the method is `#[deprecated]`"],
        witness: None,
    },
    Case {
        name: "no-longer-deprecated",
        edits: &[("{type: string, deprecated: true, description:", "{type: string, description:")],
        rule: "no-longer-deprecated",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Thing::code` is no longer deprecated"],
        witness: None,
    },
    Case {
        name: "response-status-added",
        edits: &[(
            "responses: {'204': {description: Archived.}}",
            "responses: {'204': {description: Archived.}, '409': {description: Archived already.}}",
        )],
        rule: "response-status-added",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["`things().archive()` may now answer `409`", "as `Error::Api`"],
        witness: None,
    },
    Case {
        name: "response-status-removed",
        edits: &[("        '404': {description: No such thing.}\n", "")],
        rule: "response-status-removed",
        count: 1,
        severity: Severity::Compatible,
        words: &["`things().delete()` no longer declares response `404`"],
        witness: None,
    },
    Case {
        name: "servers-changed",
        edits: &[("https://api.example.com/v1", "https://api.example.com/v2")],
        rule: "servers-changed",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["the spec's servers are `https://api.example.com/v2` instead of `https://api.example.com/v1`"],
        witness: None,
    },
    Case {
        name: "operation-added",
        edits: &[("components:", OPERATION_ADDED)],
        rule: "operation-added",
        count: 1,
        severity: Severity::Compatible,
        words: &[
            "method `things().touch()` added",
            "touch(thing_id: &str) -> ()",
        ],
        witness: None,
    },
    Case {
        name: "operation-removed",
        edits: &[(
            "    delete:\n      operationId: things-delete",
            "    x-delete:\n      operationId: things-delete",
        )],
        rule: "operation-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["method `things().delete()` removed"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().delete(\"id\").await; }",
        ),
    },
    Case {
        name: "operation-moved-path",
        edits: &[("  /things/{thing_id}:", "  /items/{thing_id}:")],
        rule: "operation-moved",
        count: 2,
        severity: Severity::PotentiallyBreaking,
        words: &["now sends `GET /items/{thing_id}` instead of `GET /things/{thing_id}`"],
        witness: None,
    },
    Case {
        name: "operation-moved-method",
        edits: &[(
            "    get:\n      operationId: things-get",
            "    patch:\n      operationId: things-get",
        )],
        rule: "operation-moved",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["now sends `PATCH"],
        witness: None,
    },
    Case {
        name: "operation-id-changed",
        edits: &[("operationId: things-get", "operationId: things-fetch")],
        rule: "operation-id-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["method `things().get()` is renamed `things().fetch()`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().get(\"id\").await; }",
        ),
    },
    Case {
        name: "parameter-added-required",
        edits: &[(
            EXPAND,
            "        - {name: expand, in: query, schema: {type: boolean}}\n        - {name: view, in: query, required: true, schema: {type: string}}",
        )],
        rule: "parameter-added",
        count: 1,
        severity: Severity::Breaking,
        words: &["new required parameter `view`", "new argument `view: &str`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().get(\"id\").await; }",
        ),
    },
    Case {
        name: "parameter-added-optional",
        edits: &[(
            EXPAND,
            "        - {name: expand, in: query, schema: {type: boolean}}\n        - {name: view, in: query, schema: {type: string}}",
        )],
        rule: "parameter-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["new optional parameter `view`", "new setter `.view(&str)`"],
        witness: None,
    },
    // The first optional parameter of an operation that had none is a setter like any other:
    // the method's arguments and its call's type stay as they were.
    Case {
        name: "first-optional-parameter-added",
        edits: &[(
            "      operationId: things-delete\n      tags: [things]\n      parameters:\n        - {name: thing_id, in: path, required: true, schema: {type: string}}\n",
            "      operationId: things-delete\n      tags: [things]\n      parameters:\n        - {name: thing_id, in: path, required: true, schema: {type: string}}\n        - {name: force, in: query, schema: {type: boolean}}\n",
        )],
        rule: "parameter-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["new optional parameter `force`", "new setter `.force(bool)`"],
        witness: None,
    },
    Case {
        name: "parameter-moved-to-header",
        edits: &[(
            "{name: expand, in: query, schema",
            "{name: expand, in: header, schema",
        )],
        rule: "parameter-moved",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["`expand` of `things().get()` is now sent as a header parameter instead of a query one"],
        witness: None,
    },
    Case {
        name: "path-parameter-added",
        edits: &[
            ("  /things/{thing_id}:", "  /things/{thing_id}/{part}:"),
            (
                THING_ID,
                "        - {name: thing_id, in: path, required: true, schema: {type: string}}\n        - {name: part, in: path, required: true, schema: {type: string}}\n",
            ),
        ],
        rule: "parameter-added",
        count: 2,
        severity: Severity::Breaking,
        words: &["takes a new argument `part: &str`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().delete(\"id\").await; }",
        ),
    },
    Case {
        name: "parameter-removed",
        edits: &[(
            "        - {name: expand, in: query, schema: {type: boolean}}\n",
            "",
        )],
        rule: "parameter-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["no longer has parameter `expand`", "its setter `.expand(bool)`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().get(\"id\").expand(true).await; }",
        ),
    },
    Case {
        name: "parameter-became-required",
        edits: &[(
            "{name: expand, in: query, schema",
            "{name: expand, in: query, required: true, schema",
        )],
        rule: "parameter-became-required",
        count: 1,
        severity: Severity::Breaking,
        words: &["is now the argument `expand: bool` instead of the setter `.expand(bool)`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().get(\"id\").await; }",
        ),
    },
    Case {
        name: "parameter-became-optional",
        edits: &[(
            "{name: reason, in: query, required: true, schema",
            "{name: reason, in: query, schema",
        )],
        rule: "parameter-became-optional",
        count: 1,
        severity: Severity::Breaking,
        words: &["is now the setter `.reason(&str)` instead of the argument `reason: &str`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().archive(\"id\", \"spam\").await; }",
        ),
    },
    Case {
        name: "body-type-changed",
        edits: &[(
            "            schema: {$ref: '#/components/schemas/ThingEdit'}",
            "            schema: {$ref: '#/components/schemas/ThingList'}",
        )],
        rule: "body-type-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["takes a `ThingList` body instead of `ThingEdit`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().create(&ThingEdit::new()).await; }",
        ),
    },
    Case {
        name: "body-requiredness-changed",
        edits: &[(
            "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/ThingEdit'}",
            "      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/ThingEdit'}",
        )],
        rule: "body-requiredness-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["the body of `things().create()` became optional"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().create(&ThingEdit::new()).await; }",
        ),
    },
    Case {
        name: "parameter-type-changed",
        edits: &[(
            "{name: expand, in: query, schema: {type: boolean}}",
            "{name: expand, in: query, schema: {type: string}}",
        )],
        rule: "parameter-type-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["from `bool` to `&str`"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().get(\"id\").expand(true).await; }",
        ),
    },
    Case {
        name: "path-parameter-renamed",
        edits: &[
            ("  /things/{thing_id}:", "  /things/{id}:"),
            ("{name: thing_id, in: path", "{name: id, in: path"),
        ],
        rule: "parameter-renamed",
        count: 2,
        severity: Severity::Compatible,
        words: &["`thing_id` renamed `id`"],
        witness: None,
    },
    Case {
        name: "request-property-added-required",
        edits: &[(
            "    ThingEdit:\n      type: object\n      properties:\n",
            "    ThingEdit:\n      type: object\n      required: [owner]\n      properties:\n        owner: {type: string}\n",
        )],
        rule: "property-added",
        count: 1,
        severity: Severity::Breaking,
        words: &[
            "`ThingEdit::owner` is new and required",
            "`ThingEdit::new` takes it as a new argument",
        ],
        witness: Some("pub fn witness() -> ThingEdit { ThingEdit::new() }"),
    },
    Case {
        name: "request-property-added-optional",
        edits: &[(
            "        mode: {$ref: '#/components/schemas/Mode'}",
            "        mode: {$ref: '#/components/schemas/Mode'}\n        owner: {type: string}",
        )],
        rule: "property-added",
        count: 1,
        severity: Severity::Compatible,
        words: &[
            "`ThingEdit::owner` is new and optional",
            "set with `.owner(…)`",
            "`#[non_exhaustive]`",
        ],
        witness: None,
    },
    Case {
        name: "response-property-added-optional",
        edits: &[(
            "        size: {type: integer}",
            "        size: {type: integer}\n        weight: {type: number}",
        )],
        rule: "property-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Thing::weight` is new and optional"],
        witness: None,
    },
    Case {
        name: "request-property-removed",
        edits: &[("        mode: {$ref: '#/components/schemas/Mode'}\n", "")],
        rule: "property-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`ThingEdit::mode` removed"],
        witness: Some("pub fn witness() -> ThingEdit { ThingEdit::new().mode(Mode::Fast) }"),
    },
    Case {
        name: "request-property-became-required",
        edits: &[(
            "    ThingEdit:\n      type: object\n",
            "    ThingEdit:\n      type: object\n      required: [name]\n",
        )],
        rule: "property-became-required",
        count: 1,
        severity: Severity::Breaking,
        words: &[
            "`ThingEdit::name` became required",
            "calls to `new` without it",
        ],
        witness: Some("pub fn witness() -> ThingEdit { ThingEdit::new() }"),
    },
    Case {
        name: "constructor-arguments-reordered",
        edits: &[(
            "        success: {type: boolean}\n        errors: {type: array, items: {type: object}}\n",
            "        errors: {type: array, items: {type: object}}\n        success: {type: boolean}\n",
        )],
        rule: "constructor-arguments-reordered",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Envelope::new` takes its arguments in another order (`errors`, `success`, `messages` instead of `success`, `errors`, `messages`)"],
        witness: Some("pub fn witness() -> Envelope { Envelope::new(true, Vec::new(), Vec::new()) }"),
    },
    Case {
        name: "property-type-changed",
        edits: &[("        size: {type: integer}", "        size: {type: number}")],
        rule: "property-type-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Thing::size` changed from `i64` to `f64`"],
        witness: Some("pub fn witness(thing: &Thing) -> Option<i64> { thing.size }"),
    },
    Case {
        name: "request-enum-value-removed",
        edits: &[("enum: [fast, slow]", "enum: [fast]")],
        rule: "enum-value-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Mode::Slow`", "code that sends it no longer compiles"],
        witness: Some("pub fn witness() -> Mode { Mode::Slow }"),
    },
    Case {
        name: "request-enum-value-added",
        edits: &[("enum: [fast, slow]", "enum: [fast, slow, idle]")],
        rule: "enum-value-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Mode::Idle`", "callers may now send it"],
        witness: None,
    },
    Case {
        name: "response-enum-value-added",
        edits: &[("enum: [red, green]", "enum: [red, green, blue]")],
        rule: "enum-value-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Color::Blue`", "rather than `Unknown`"],
        witness: None,
    },
    Case {
        name: "response-enum-value-removed",
        edits: &[("enum: [red, green]", "enum: [red]")],
        rule: "enum-value-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Color::Green`", "deserialise as `Unknown`"],
        witness: Some("pub fn witness() -> Color { Color::Green }"),
    },
    Case {
        name: "response-property-removed",
        edits: &[("        size: {type: integer}\n", "")],
        rule: "response-property-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Thing::size` removed"],
        witness: Some("pub fn witness(thing: &Thing) -> Option<i64> { thing.size }"),
    },
    Case {
        name: "response-property-became-optional",
        edits: &[("      required: [id, name]", "      required: [id]")],
        rule: "property-became-optional",
        count: 1,
        severity: Severity::Breaking,
        words: &[
            "`Thing::name` became optional",
            "`Option<String>` instead of `String`",
        ],
        witness: Some("pub fn witness(thing: &Thing) -> &String { &thing.name }"),
    },
    Case {
        name: "result-object-to-array",
        edits: &[(
            "                      result: {$ref: '#/components/schemas/Thing'}\n    delete:",
            "                      result: {type: array, items: {$ref: '#/components/schemas/Thing'}}\n    delete:",
        )],
        rule: "result-shape-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &[
            "returns a list instead of a single value",
            "`Vec<Thing>` instead of `Thing`",
        ],
        witness: Some(
            "pub async fn witness(client: &api::Client) -> api::Result<Thing> { client.things().get(\"id\").await }",
        ),
    },
    Case {
        name: "union-variant-added-at-the-end",
        edits: &[(
            "        - {type: string}\n        - {type: integer}\n",
            "        - {type: string}\n        - {type: integer}\n        - {type: boolean}\n",
        )],
        rule: "union-variant-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Reference::Boolean` (`bool`) added after the others"],
        witness: None,
    },
    Case {
        name: "union-variant-added-first",
        edits: &[(
            "        - {type: string}\n        - {type: integer}\n",
            "        - {type: boolean}\n        - {type: string}\n        - {type: integer}\n",
        )],
        rule: "union-variant-added",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["`Reference::Boolean` (`bool`) added before other variants"],
        witness: None,
    },
    Case {
        name: "union-variant-removed",
        edits: &[(
            "        - {type: string}\n        - {type: integer}\n",
            "        - {type: string}\n        - {type: boolean}\n",
        )],
        rule: "union-variant-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Reference::Integer` removed"],
        witness: Some("pub fn witness() -> Reference { Reference::Integer(7) }"),
    },
    // A field whose type moves from one alias of `String` to another is still a `String`.
    Case {
        name: "property-type-changed-between-aliases",
        edits: &[(
            "        text: {$ref: '#/components/schemas/Tag'}",
            "        text: {$ref: '#/components/schemas/Moniker'}",
        )],
        rule: "property-type-changed",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Badge::text` changed from `Tag` to `Moniker`, both `String`"],
        witness: None,
    },
    // A list that is no longer paged keeps its method; its stream is gone.
    Case {
        name: "paged-stream-removed",
        edits: &[(
            "                      result:\n                        type: array\n                        items: {$ref: '#/components/schemas/Thing'}\n  /things/new:",
            "                      result: {$ref: '#/components/schemas/Thing'}\n  /things/new:",
        )],
        rule: "operation-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["method `things().list_all()` removed: `things().list()` is no longer paged"],
        witness: Some(
            "pub fn witness(client: &api::Client) { let _ = client.things().list_all(&ThingList::new(1, 10)); }",
        ),
    },
    Case {
        name: "result-leaves-the-envelope",
        edits: &[(
            "              schema: {$ref: '#/components/schemas/Envelope'}",
            "              schema: {type: object, properties: {deleted: {type: boolean}}}",
        )],
        rule: "result-shape-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["is no longer wrapped in the envelope"],
        witness: Some(
            "pub async fn witness(client: &api::Client) -> api::Result<()> { client.things().delete(\"id\").await }",
        ),
    },
    Case {
        name: "content-type-changed",
        edits: &[(
            "          application/json:\n            schema: {$ref: '#/components/schemas/ThingEdit'}",
            "          multipart/form-data:\n            schema: {type: object, required: [file], properties: {file: {type: string, format: binary}}}",
        )],
        rule: "content-type-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &[
            "now sends a multipart/form-data body instead of a JSON body",
            "file: Upload",
        ],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().create(&ThingEdit::new()).await; }",
        ),
    },
    Case {
        name: "security-changed",
        edits: &[(
            "      operationId: things-delete\n",
            "      operationId: things-delete\n      security: [{key: []}]\n",
        )],
        rule: "security-changed",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["accepts key instead of token"],
        witness: None,
    },
    // Where a change's place is gone from NEW (a body, the servers) or was never in the
    // operation (the document's own security), its pointer still names a place.
    Case {
        name: "security-changed-for-the-document",
        edits: &[("security:\n  - token: []\ntags:", "security:\n  - key: []\ntags:")],
        rule: "security-changed",
        count: 5,
        severity: Severity::PotentiallyBreaking,
        words: &["`things().delete()` accepts key instead of token"],
        witness: None,
    },
    // A crate made with `generate --crate` has a `Credentials` variant per security requirement.
    Case {
        name: "credentials-added",
        edits: &[(
            "security:\n  - token: []\ntags:",
            "security:\n  - token: []\n  - key: []\ntags:",
        )],
        rule: "credentials-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["`Credentials::Key { key }` added"],
        witness: None,
    },
    Case {
        name: "credentials-removed",
        edits: &[("security:\n  - token: []\ntags:", "security:\n  - key: []\ntags:")],
        rule: "credentials-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Credentials::Token { token }` is gone"],
        witness: Some("pub fn witness() -> api::Credentials { api::Credentials::token(\"t\") }"),
    },
    Case {
        name: "credentials-changed",
        edits: &[(
            "token: {type: http, scheme: bearer}",
            "token: {type: http, scheme: basic}",
        )],
        rule: "credentials-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &[
            "`Credentials::Token { username, password }` instead of `Credentials::Token { token }`",
        ],
        witness: Some("pub fn witness() -> api::Credentials { api::Credentials::token(\"t\") }"),
    },
    Case {
        name: "servers-removed",
        edits: &[("servers:\n  - url: https://api.example.com/v1\n", "")],
        rule: "servers-changed",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["the spec's servers are none instead of `https://api.example.com/v1`"],
        witness: None,
    },
    Case {
        name: "body-removed",
        edits: &[(
            "      operationId: things-create\n      tags: [things]\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/ThingEdit'}\n",
            "      operationId: things-create\n      tags: [things]\n",
        )],
        rule: "content-type-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`things().create()` now sends no body instead of a JSON body"],
        witness: Some(
            "pub async fn witness(client: &api::Client) { let _ = client.things().create(&ThingEdit::new()).await; }",
        ),
    },
    Case {
        name: "schema-added",
        edits: &[(
            "    Label:\n",
            "    Gadget: {type: object, properties: {a: {type: string}}}\n    Label:\n",
        )],
        rule: "schema-added",
        count: 1,
        severity: Severity::Compatible,
        words: &["type `Gadget` added"],
        witness: None,
    },
    Case {
        name: "schema-removed",
        edits: &[(
            "    Label:\n      type: string\n      description: A label no operation uses yet.\n",
            "",
        )],
        rule: "schema-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["type `Label` removed", "code naming it no longer compiles"],
        witness: Some("pub fn witness() -> Label { String::new() }"),
    },
    Case {
        name: "schema-type-changed",
        edits: &[(
            "    Label:\n      type: string\n",
            "    Label:\n      type: integer\n",
        )],
        rule: "schema-type-changed",
        count: 1,
        severity: Severity::Breaking,
        words: &["type `Label` changed from `String` to `i64`"],
        witness: Some("pub fn witness() -> Label { String::new() }"),
    },
    Case {
        name: "schema-renamed",
        edits: &[
            ("#/components/schemas/Thing'", "#/components/schemas/Widget'"),
            ("    Thing:\n", "    Widget:\n"),
        ],
        rule: "schema-renamed",
        count: 1,
        severity: Severity::Breaking,
        words: &["type `Thing` is renamed `Widget`"],
        witness: Some("pub fn witness(thing: Thing) -> String { thing.id }"),
    },
    Case {
        name: "property-renamed",
        edits: &[(
            "        size: {type: integer}",
            "        Size: {type: string}\n        size: {type: integer}",
        )],
        rule: "property-renamed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Thing::size` is now `Thing::size2`"],
        witness: Some("pub fn witness(thing: &Thing) -> Option<i64> { thing.size }"),
    },
    Case {
        name: "retry-changed",
        edits: &[(
            "      operationId: things-list\n      tags: [things]\n      x-idempotent: true\n",
            "      operationId: things-list\n      tags: [things]\n",
        )],
        rule: "retry-changed",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["no longer retried"],
        witness: None,
    },
    Case {
        name: "types-separated",
        edits: &[(
            "came from.\n      type: object\n      properties:\n",
            "came from.\n      type: object\n      properties:\n        port: {type: integer}\n",
        )],
        rule: "types-separated",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Origin` is no longer the same type as `Mirror`"],
        witness: Some("pub fn witness(origin: Origin) -> Mirror { origin }"),
    },
    Case {
        name: "types-joined",
        edits: &[("        lang: {type: string}\n", "")],
        rule: "types-joined",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Caption` is now the same type as `Note`"],
        witness: Some("pub trait Mine {}\nimpl Mine for Caption {}\nimpl Mine for Note {}"),
    },
    Case {
        name: "serde-trait-removed",
        edits: &[(
            "components:",
            "  /origins:\n    get:\n      operationId: origins-get\n      tags: [things]\n      responses:\n        '200':\n          description: An origin.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Origin'}\ncomponents:",
        )],
        rule: "serde-trait-removed",
        count: 1,
        severity: Severity::Breaking,
        words: &["`Origin` no longer implements `Serialize`: no request sends it now"],
        witness: Some("fn sent<T: serde::Serialize>() {}\npub fn witness() { sent::<Origin>() }"),
    },
    Case {
        name: "serde-trait-added",
        edits: &[(
            "components:",
            "  /things/{thing_id}/replace:\n    put:\n      operationId: things-replace\n      tags: [things]\n      parameters:\n        - {name: thing_id, in: path, required: true, schema: {type: string}}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Thing'}\n      responses: {'204': {description: Replaced.}}\ncomponents:",
        )],
        rule: "serde-trait-added",
        count: 2,
        severity: Severity::Compatible,
        words: &["`Thing` now implements `Serialize`: a request sends it", "`Color` now implements `Serialize`"],
        witness: None,
    },
    Case {
        name: "document-size-crossed",
        edits: &[("components:", MANY_OPERATIONS)],
        rule: "document-size-crossed",
        count: 1,
        severity: Severity::PotentiallyBreaking,
        words: &["declares 200 operations instead of 5, so it is now generated as a large one (200 or more: serde traits as each type's use needs and identical types shared)", "`--derive-everywhere --type-per-schema`"],
        // What the size does to the types: `Color`, only returned, loses `Serialize`.
        witness: Some("fn sent<T: serde::Serialize>() {}\npub fn witness() { sent::<Color>() }"),
    },
];
