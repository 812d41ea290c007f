"""Every session-state key in one place, with its default."""

LANG = "lang"
DATABASE_READY = "database_ready"  # the first run of this session created/migrated the database
IDENTITY = "identity"  # views.identity.Identity of the signed-in person (tests may inject one)
OIDC_TRIED = "oidc_tried"  # (issuer, subject, issued at) of the provider sign-in already mapped this session
OIDC_REFUSED = "oidc_refused"  # the error code of a refused provider sign-in, shown on the sign-in page
OIDC_LOGGED = "oidc_logged"  # a half-done OIDC configuration was logged for this session
FILL_SCOPE = "fill_scope"  # the Scope an invitation code granted (never in the URL)
FILL_STEP = "fill_step"  # response id -> section index
FILL_VERSIONS = "fill_versions"  # response id -> {(item id, entry): version the widgets show}
FILL_CONFLICTS = "fill_conflicts"  # response id -> {(item id, entry): {"mine": answer, "theirs": row}}
FILL_MESSAGES = "fill_messages"  # response id -> {(item id, entry): (kind, message)}
FILL_LAST_SAVE = "fill_last_save"  # response id -> datetime of the last confirmed save

DEFAULTS: dict[str, object] = {
    LANG: None,
    IDENTITY: None,
    DATABASE_READY: False,
    OIDC_TRIED: None,
    OIDC_REFUSED: None,
    OIDC_LOGGED: False,
    FILL_SCOPE: None,
    FILL_STEP: {},
    FILL_VERSIONS: {},
    FILL_CONFLICTS: {},
    FILL_MESSAGES: {},
    FILL_LAST_SAVE: {},
}
