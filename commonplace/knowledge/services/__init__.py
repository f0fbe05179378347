"""Writing conversations; one module per sub-concept, all exported here.

Views, the API, tasks, the demo and importers call these, so every way in
behaves the same.
"""

from commonplace.knowledge.services.mentions import Mentions, resolve_mentions
from commonplace.knowledge.services.moderation import (
    MAX_REASON_LENGTH,
    MAX_REPORT_LENGTH,
    delete_contribution,
    moderate,
    report,
)
from commonplace.knowledge.services.popularity import (
    add_views,
    expire_trending,
    record_view,
)
from commonplace.knowledge.services.reactions import (
    COUNTERS,
    bookmark_post,
    remove_bookmark,
    toggle_reaction,
)
from commonplace.knowledge.services.uploads import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_SIDE,
    upload_image,
)
from commonplace.knowledge.services.writing import (
    accept_answer,
    add_comment,
    create_post,
    edit_answer,
    edit_comment,
    edit_post,
    post_answer,
    unaccept_answer,
)

__all__ = [
    "COUNTERS",
    "MAX_REASON_LENGTH",
    "MAX_REPORT_LENGTH",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_SIDE",
    "Mentions",
    "accept_answer",
    "add_comment",
    "add_views",
    "bookmark_post",
    "create_post",
    "delete_contribution",
    "edit_answer",
    "edit_comment",
    "edit_post",
    "expire_trending",
    "moderate",
    "post_answer",
    "record_view",
    "remove_bookmark",
    "report",
    "resolve_mentions",
    "toggle_reaction",
    "unaccept_answer",
    "upload_image",
]
