"""Conversation pages, one module per part: posts, replies (answers,
comments, reactions, removal, reports), history and moderation."""
