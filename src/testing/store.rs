//! What the fake remembers and how the API's operations change it: requests, their messages and
//! assets, priority requirements and quotas, with the API's paging, filters and refusals.
//!
//! Nothing here speaks HTTP; `server` maps requests to these methods and [`Refusal`]s to the
//! API's error envelopes.

use crate::types::{
    Asset, AssetEdit, AssetList, Item, ListItem, Message, MessageEdit, MessageList, Priority,
    PriorityEdit, PriorityLevel, PriorityList, Quota, RequestEdit, RequestList, RequestStatus,
    SortOrder, Tlp,
};
use crate::Timestamp;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::time::SystemTime;

/// How many requests, and priority requirements, a fresh fake lets an account create.
pub(crate) const DEFAULT_QUOTA: i64 = 120;
/// The request types a fresh fake offers (the docs' example).
pub(crate) const REQUEST_TYPES: [&str; 2] = ["Indicators of Compromise", "Victomology"];

/// Why an operation was refused, in the API's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No such request, message, priority requirement or asset.
    NotFound(String),
    /// The request does not satisfy the spec; `pointer` is where, in the body or the path.
    Invalid { pointer: String, message: String },
    /// The account's quota is used up.
    QuotaExhausted(&'static str),
}

impl Refusal {
    pub(crate) fn invalid(pointer: &str, message: impl Into<String>) -> Self {
        Refusal::Invalid {
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }
}

/// An uploaded file as the fake keeps it.
#[derive(Debug, Clone)]
struct StoredAsset {
    asset: Asset,
    content: Bytes,
}

/// The whole state of one fake account.
#[derive(Debug)]
pub(crate) struct Store {
    /// In the order they were created.
    requests: Vec<Item>,
    messages: HashMap<String, Vec<Message>>,
    assets: HashMap<String, Vec<StoredAsset>>,
    priorities: Vec<Priority>,
    quota: Quota,
    priority_quota: Quota,
    /// Source of ids: UUID-shaped strings and integers, in sequence, so tests see stable ids.
    next_id: u64,
}

impl Default for Store {
    fn default() -> Self {
        let quota = Quota::new().quota(DEFAULT_QUOTA).remaining(DEFAULT_QUOTA);
        Store {
            requests: Vec::new(),
            messages: HashMap::new(),
            assets: HashMap::new(),
            priorities: Vec::new(),
            quota: quota.clone(),
            priority_quota: quota,
            next_id: 1,
        }
    }
}

/// `value` as it is spelled on the wire (an enum's string, say).
fn wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The value of type `T` spelled `text` on the wire (an enum from its string).
fn from_wire<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

fn now() -> Timestamp {
    Timestamp::from(SystemTime::now())
}

/// Refuses an enum value the spec does not list (the client keeps them as `Unknown`; the API
/// does not accept them).
fn known<T: Serialize>(
    pointer: &str,
    value: Option<&T>,
    is_unknown: impl Fn(&T) -> bool,
) -> Result<(), Refusal> {
    match value {
        Some(value) if is_unknown(value) => Err(Refusal::invalid(
            pointer,
            format!("{:?} is not one of the allowed values", wire(value)),
        )),
        _ => Ok(()),
    }
}

/// Refuses a `date-time` that is not RFC 3339.
fn date(pointer: &str, value: Option<&Timestamp>) -> Result<(), Refusal> {
    match value {
        Some(value) if !value.is_date() => Err(Refusal::invalid(
            pointer,
            format!("{:?} is not an RFC 3339 date-time", value.as_str()),
        )),
        _ => Ok(()),
    }
}

/// The items of page `page` of `per_page` each. Pages count from 1; the spec does not say
/// where they start and its examples ask for page 0, so a page below 1 is the first.
fn page<T: Clone>(items: &[T], page: i64, per_page: i64) -> Result<Vec<T>, Refusal> {
    let page = page.max(1);
    if per_page < 1 {
        return Err(Refusal::invalid("/per_page", "must be 1 or more"));
    }
    let start = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let count = usize::try_from(per_page).unwrap_or(usize::MAX);
    Ok(items.iter().skip(start).take(count).cloned().collect())
}

/// Whether `value` lies within the optional bounds, both inclusive; with no bounds, anything does.
fn within(
    value: Option<&Timestamp>,
    after: Option<&Timestamp>,
    before: Option<&Timestamp>,
) -> bool {
    if after.is_none() && before.is_none() {
        return true;
    }
    let Some(value) = value else { return false };
    after.is_none_or(|after| value >= after) && before.is_none_or(|before| value <= before)
}

fn sort_order(order: Option<&SortOrder>, ordering: Ordering) -> Ordering {
    match order {
        Some(SortOrder::Desc) => ordering.reverse(),
        _ => ordering,
    }
}

impl Store {
    fn uuid(&mut self) -> String {
        let n = self.next_id;
        self.next_id += 1;
        format!("00000000-0000-4000-8000-{n:012x}")
    }

    fn serial(&mut self) -> i64 {
        let n = self.next_id;
        self.next_id += 1;
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    fn request_index(&self, id: &str) -> Result<usize, Refusal> {
        self.requests
            .iter()
            .position(|item| item.id == id)
            .ok_or_else(|| Refusal::NotFound(format!("request {id}")))
    }

    // Requests.

    pub(crate) fn list_requests(&self, body: &RequestList) -> Result<Vec<ListItem>, Refusal> {
        known("/status", body.status.as_ref(), |s| {
            matches!(s, RequestStatus::Unknown(_))
        })?;
        known("/sort_order", body.sort_order.as_ref(), |s| {
            matches!(s, SortOrder::Unknown(_))
        })?;
        for (pointer, value) in [
            ("/created_after", &body.created_after),
            ("/created_before", &body.created_before),
            ("/completed_after", &body.completed_after),
            ("/completed_before", &body.completed_before),
        ] {
            date(pointer, value.as_ref())?;
        }
        let mut items: Vec<&Item> = self
            .requests
            .iter()
            .filter(|item| body.status.is_none() || item.status == body.status)
            .filter(|item| {
                body.request_type
                    .as_ref()
                    .is_none_or(|t| &item.request == t)
            })
            .filter(|item| {
                within(
                    Some(&item.created),
                    body.created_after.as_ref(),
                    body.created_before.as_ref(),
                )
            })
            .filter(|item| {
                within(
                    item.completed.as_ref(),
                    body.completed_after.as_ref(),
                    body.completed_before.as_ref(),
                )
            })
            .collect();
        let key = body.sort_by.as_deref().unwrap_or("created");
        items.sort_by(|a, b| {
            let ordering = match key {
                "updated" => a.updated.cmp(&b.updated),
                "completed" => a.completed.cmp(&b.completed),
                "summary" => a.summary.cmp(&b.summary),
                "status" => wire(&a.status).cmp(&wire(&b.status)),
                "tlp" => wire(&a.tlp).cmp(&wire(&b.tlp)),
                "priority" => a.priority.cmp(&b.priority),
                "request" => a.request.cmp(&b.request),
                _ => a.created.cmp(&b.created),
            };
            sort_order(body.sort_order.as_ref(), ordering)
        });
        let items: Vec<ListItem> = items.into_iter().map(list_item).collect();
        page(&items, body.page, body.per_page)
    }

    fn check_request_edit(body: &RequestEdit) -> Result<(), Refusal> {
        known("/tlp", body.tlp.as_ref(), |t| matches!(t, Tlp::Unknown(_)))?;
        known("/priority", body.priority.as_ref(), |p| {
            matches!(p, PriorityLevel::Unknown(_))
        })
    }

    pub(crate) fn create_request(&mut self, body: &RequestEdit) -> Result<Item, Refusal> {
        Self::check_request_edit(body)?;
        take_one(&mut self.quota, "request")?;
        let id = self.uuid();
        let number = self.requests.len() + 1;
        let stamp = now();
        let item = Item::new(
            id,
            body.content.clone().unwrap_or_default(),
            stamp.clone(),
            body.priority
                .as_ref()
                .map_or_else(|| "routine".to_owned(), wire),
            body.request_type.clone().unwrap_or_default(),
            body.summary.clone().unwrap_or_default(),
            body.tlp.clone().unwrap_or(Tlp::Clear),
            stamp,
        )
        .readable_id(format!("RFI-{number:06}"))
        .status(RequestStatus::Open)
        .tokens(0)
        .message_tokens(0);
        self.requests.push(item.clone());
        Ok(item)
    }

    pub(crate) fn request(&self, id: &str) -> Result<Item, Refusal> {
        Ok(self.requests[self.request_index(id)?].clone())
    }

    pub(crate) fn update_request(&mut self, id: &str, body: &RequestEdit) -> Result<Item, Refusal> {
        Self::check_request_edit(body)?;
        let index = self.request_index(id)?;
        let item = &mut self.requests[index];
        if let Some(content) = &body.content {
            item.content = content.clone();
        }
        if let Some(priority) = &body.priority {
            item.priority = wire(priority);
        }
        if let Some(request_type) = &body.request_type {
            item.request = request_type.clone();
        }
        if let Some(summary) = &body.summary {
            item.summary = summary.clone();
        }
        if let Some(tlp) = &body.tlp {
            item.tlp = tlp.clone();
        }
        item.updated = now();
        Ok(item.clone())
    }

    /// Deletes a request with everything attached to it, as the API does.
    pub(crate) fn delete_request(&mut self, id: &str) -> Result<(), Refusal> {
        let index = self.request_index(id)?;
        self.requests.remove(index);
        self.messages.remove(id);
        self.assets.remove(id);
        Ok(())
    }

    pub(crate) fn quota(&self) -> Quota {
        self.quota.clone()
    }

    pub(crate) fn set_quota(&mut self, quota: Quota) {
        self.quota = quota;
    }

    pub(crate) fn insert_request(&mut self, item: Item) {
        match self.requests.iter_mut().find(|known| known.id == item.id) {
            Some(known) => *known = item,
            None => self.requests.push(item),
        }
    }

    pub(crate) fn requests(&self) -> Vec<Item> {
        self.requests.clone()
    }

    // Messages.

    pub(crate) fn list_messages(
        &self,
        request: &str,
        body: &MessageList,
    ) -> Result<Vec<Message>, Refusal> {
        self.request_index(request)?;
        known("/sort_order", body.sort_order.as_ref(), |s| {
            matches!(s, SortOrder::Unknown(_))
        })?;
        date("/after", body.after.as_ref())?;
        date("/before", body.before.as_ref())?;
        let mut messages: Vec<Message> = self
            .messages
            .get(request)
            .into_iter()
            .flatten()
            .filter(|m| {
                within(
                    m.created.as_ref().or(Some(&m.updated)),
                    body.after.as_ref(),
                    body.before.as_ref(),
                )
            })
            .cloned()
            .collect();
        let key = body.sort_by.as_deref().unwrap_or("created");
        messages.sort_by(|a, b| {
            let ordering = match key {
                "updated" => a.updated.cmp(&b.updated),
                "author" => a.author.cmp(&b.author),
                "content" => a.content.cmp(&b.content),
                _ => a.created.cmp(&b.created).then(a.id.cmp(&b.id)),
            };
            sort_order(body.sort_order.as_ref(), ordering)
        });
        page(&messages, body.page, body.per_page)
    }

    pub(crate) fn create_message(
        &mut self,
        request: &str,
        author: &str,
        body: &MessageEdit,
    ) -> Result<Message, Refusal> {
        let index = self.request_index(request)?;
        let stamp = now();
        let message = Message::new(
            self.serial(),
            author.to_owned(),
            body.content.clone().unwrap_or_default(),
            false,
            stamp.clone(),
        )
        .created(stamp);
        let item = &mut self.requests[index];
        item.message_tokens = Some(item.message_tokens.unwrap_or(0) + 1);
        self.messages
            .entry(request.to_owned())
            .or_default()
            .push(message.clone());
        Ok(message)
    }

    fn message_mut(&mut self, request: &str, id: i64) -> Result<&mut Message, Refusal> {
        self.request_index(request)?;
        self.messages
            .get_mut(request)
            .and_then(|messages| messages.iter_mut().find(|m| m.id == id))
            .ok_or_else(|| Refusal::NotFound(format!("message {id} of request {request}")))
    }

    pub(crate) fn update_message(
        &mut self,
        request: &str,
        id: i64,
        body: &MessageEdit,
    ) -> Result<Message, Refusal> {
        let message = self.message_mut(request, id)?;
        if let Some(content) = &body.content {
            message.content = content.clone();
        }
        message.updated = now();
        Ok(message.clone())
    }

    pub(crate) fn delete_message(&mut self, request: &str, id: i64) -> Result<(), Refusal> {
        self.message_mut(request, id)?;
        if let Some(messages) = self.messages.get_mut(request) {
            messages.retain(|m| m.id != id);
        }
        Ok(())
    }

    pub(crate) fn insert_message(
        &mut self,
        request: &str,
        message: Message,
    ) -> Result<(), Refusal> {
        self.request_index(request)?;
        let messages = self.messages.entry(request.to_owned()).or_default();
        messages.retain(|m| m.id != message.id);
        messages.push(message);
        Ok(())
    }

    pub(crate) fn messages(&self, request: &str) -> Vec<Message> {
        self.messages.get(request).cloned().unwrap_or_default()
    }

    // Priority intelligence requirements.

    fn priority_index(&self, id: &str) -> Result<usize, Refusal> {
        self.priorities
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| Refusal::NotFound(format!("priority requirement {id}")))
    }

    pub(crate) fn list_priorities(&self, body: &PriorityList) -> Result<Vec<Priority>, Refusal> {
        page(&self.priorities, body.page, body.per_page)
    }

    pub(crate) fn create_priority(&mut self, body: &PriorityEdit) -> Result<Priority, Refusal> {
        known("/tlp", Some(&body.tlp), |t| matches!(t, Tlp::Unknown(_)))?;
        take_one(&mut self.priority_quota, "priority requirement")?;
        let stamp = now();
        let priority = Priority::new(
            self.uuid(),
            stamp.clone(),
            body.labels.clone(),
            body.priority,
            body.requirement.clone(),
            body.tlp.clone(),
            stamp,
        );
        self.priorities.push(priority.clone());
        Ok(priority)
    }

    pub(crate) fn priority(&self, id: &str) -> Result<Priority, Refusal> {
        Ok(self.priorities[self.priority_index(id)?].clone())
    }

    pub(crate) fn update_priority(
        &mut self,
        id: &str,
        body: &PriorityEdit,
    ) -> Result<Priority, Refusal> {
        known("/tlp", Some(&body.tlp), |t| matches!(t, Tlp::Unknown(_)))?;
        let index = self.priority_index(id)?;
        let priority = &mut self.priorities[index];
        priority.labels = body.labels.clone();
        priority.priority = body.priority;
        priority.requirement = body.requirement.clone();
        priority.tlp = body.tlp.clone();
        priority.updated = now();
        Ok(priority.clone())
    }

    pub(crate) fn delete_priority(&mut self, id: &str) -> Result<(), Refusal> {
        let index = self.priority_index(id)?;
        self.priorities.remove(index);
        Ok(())
    }

    pub(crate) fn priority_quota(&self) -> Quota {
        self.priority_quota.clone()
    }

    pub(crate) fn set_priority_quota(&mut self, quota: Quota) {
        self.priority_quota = quota;
    }

    pub(crate) fn insert_priority(&mut self, priority: Priority) {
        self.priorities.retain(|p| p.id != priority.id);
        self.priorities.push(priority);
    }

    pub(crate) fn priorities(&self) -> Vec<Priority> {
        self.priorities.clone()
    }

    // Assets.

    /// `asset_id` as the integer id the fake's assets carry.
    fn asset_mut(&mut self, request: &str, asset_id: &str) -> Result<&mut StoredAsset, Refusal> {
        self.request_index(request)?;
        let missing = || Refusal::NotFound(format!("asset {asset_id} of request {request}"));
        let id: i64 = asset_id.parse().map_err(|_| missing())?;
        self.assets
            .get_mut(request)
            .and_then(|assets| assets.iter_mut().find(|a| a.asset.id == id))
            .ok_or_else(missing)
    }

    pub(crate) fn list_assets(
        &self,
        request: &str,
        body: &AssetList,
    ) -> Result<Vec<Asset>, Refusal> {
        self.request_index(request)?;
        let assets: Vec<Asset> = self
            .assets
            .get(request)
            .into_iter()
            .flatten()
            .map(|stored| stored.asset.clone())
            .collect();
        page(&assets, body.page, body.per_page)
    }

    pub(crate) fn create_asset(
        &mut self,
        request: &str,
        name: &str,
        content_type: Option<&str>,
        content: Bytes,
    ) -> Result<Asset, Refusal> {
        self.request_index(request)?;
        let mut asset = Asset::new(self.serial(), name.to_owned()).created(now());
        asset.file_type = content_type.map(str::to_owned);
        self.insert_asset(request, asset.clone(), content)?;
        Ok(asset)
    }

    pub(crate) fn asset(&mut self, request: &str, asset_id: &str) -> Result<Asset, Refusal> {
        Ok(self.asset_mut(request, asset_id)?.asset.clone())
    }

    /// Updating sets what the body gives: the docs describe `source` only as "Asset file to
    /// upload", so the fake takes it as the asset's new description.
    pub(crate) fn update_asset(
        &mut self,
        request: &str,
        asset_id: &str,
        body: &AssetEdit,
    ) -> Result<Asset, Refusal> {
        let stored = self.asset_mut(request, asset_id)?;
        if let Some(source) = &body.source {
            stored.asset.description = Some(source.clone());
        }
        Ok(stored.asset.clone())
    }

    pub(crate) fn delete_asset(&mut self, request: &str, asset_id: &str) -> Result<(), Refusal> {
        let id = self.asset_mut(request, asset_id)?.asset.id;
        if let Some(assets) = self.assets.get_mut(request) {
            assets.retain(|a| a.asset.id != id);
        }
        Ok(())
    }

    pub(crate) fn insert_asset(
        &mut self,
        request: &str,
        asset: Asset,
        content: Bytes,
    ) -> Result<(), Refusal> {
        self.request_index(request)?;
        let assets = self.assets.entry(request.to_owned()).or_default();
        assets.retain(|a| a.asset.id != asset.id);
        assets.push(StoredAsset { asset, content });
        Ok(())
    }

    pub(crate) fn assets(&self, request: &str) -> Vec<(Asset, Bytes)> {
        self.assets
            .get(request)
            .into_iter()
            .flatten()
            .map(|stored| (stored.asset.clone(), stored.content.clone()))
            .collect()
    }
}

/// Uses one unit of `quota`, or refuses when none is left.
fn take_one(quota: &mut Quota, what: &'static str) -> Result<(), Refusal> {
    match quota.remaining {
        Some(remaining) if remaining <= 0 => Err(Refusal::QuotaExhausted(what)),
        Some(remaining) => {
            quota.remaining = Some(remaining - 1);
            Ok(())
        }
        None => Ok(()),
    }
}

/// A request as lists show it: its priority read as a level (an unknown one kept as text).
fn list_item(item: &Item) -> ListItem {
    let priority =
        from_wire(&item.priority).unwrap_or(PriorityLevel::Unknown(item.priority.clone()));
    let mut listed = ListItem::new(
        item.id.clone(),
        item.created.clone(),
        priority,
        item.request.clone(),
        item.summary.clone(),
        item.tlp.clone(),
        item.updated.clone(),
    );
    listed.completed = item.completed.clone();
    listed.message_tokens = item.message_tokens;
    listed.readable_id = item.readable_id.clone();
    listed.status = item.status.clone();
    listed.tokens = item.tokens;
    listed
}
