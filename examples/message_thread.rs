//! A message thread on a request: post a question, list the conversation, edit and delete.
//!
//! `CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… REQUEST_ID=… cargo run --example message_thread`

use cloudforce_one::{types, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let account = std::env::var("CLOUDFLARE_ACCOUNT_ID")?;
    let request = std::env::var("REQUEST_ID")?;
    let messages = client.requests().messages();

    let posted = messages
        .create(
            &account,
            &request,
            &types::MessageEdit::new().content("Can you elaborate on the type of DoS?"),
        )
        .await?;
    println!("posted message {} as {}", posted.id, posted.author);

    let thread = messages
        .list(
            &account,
            &request,
            &types::MessageList::new(1, 50).sort_order(types::SortOrder::Asc),
        )
        .await?;
    for message in &thread {
        println!(
            "{} {}: {}",
            message.created.as_ref().map_or("?", |t| t.as_str()),
            message.author,
            message.content
        );
    }

    messages
        .update(
            &account,
            &request,
            posted.id,
            &types::MessageEdit::new().content("Which regions, too?"),
        )
        .await?;
    messages.delete(&account, &request, posted.id).await?;
    println!("edited and deleted message {}", posted.id);
    Ok(())
}
