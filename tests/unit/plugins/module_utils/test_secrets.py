"""What a module returns of a resource holding secrets: everything only for a no_log task, else no secret at all."""

from ansible_collections.tide.digitalocean.plugins.module_utils.secrets import SECRET_KEYS, shown

CLUSTER = {
    "id": "9cc10173",
    "name": "app-db",
    "connection": {"host": "h", "port": 25060, "user": "doadmin", "password": "p", "uri": "postgresql://doadmin:p@h"},
    "private_connection": {"host": "ph", "password": "p", "uri": "postgresql://doadmin:p@ph"},
    "users": [
        {"name": "doadmin", "role": "primary", "password": "p"},
        {"name": "k", "access_key": "k", "access_cert": "c"},
    ],
    "tags": ["app"],
}


def test_without_reveal_no_secret_key_is_left_at_any_depth():
    result = shown(CLUSTER)
    assert result == {
        "id": "9cc10173",
        "name": "app-db",
        "connection": {"host": "h", "port": 25060, "user": "doadmin"},
        "private_connection": {"host": "ph"},
        "users": [{"name": "doadmin", "role": "primary"}, {"name": "k"}],
        "tags": ["app"],
    }
    assert not any(key in str(result) for key in ("'password'", "'uri'", "'access_key'", "'access_cert'"))
    assert CLUSTER["connection"]["password"] == "p"  # the resource itself is untouched


def test_reveal_returns_a_copy_of_everything():
    result = shown(CLUSTER, reveal=True)
    assert result == CLUSTER and result is not CLUSTER
    result["connection"]["password"] = "changed"
    assert CLUSTER["connection"]["password"] == "p"


def test_a_placeholder_is_not_a_secret_and_nothing_is_an_empty_result():
    assert shown({"name": "app", "password": "(new password, not shown)"}) == {
        "name": "app",
        "password": "(new password, not shown)",
    }
    assert shown(None) == {} and shown(None, reveal=True) == {}


def test_the_secret_keys():
    assert SECRET_KEYS == ("password", "uri", "access_key", "access_cert")
