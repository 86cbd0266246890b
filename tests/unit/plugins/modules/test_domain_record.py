"""domain_record: names and data in the form the API stores them, so a record written either way is found again,
and input the API would refuse is refused before any request."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.modules import domain_record

DOMAIN = "example.com"


@pytest.mark.parametrize(
    "given, stored",
    [
        ("@", "@"),
        ("", "@"),
        ("www", "www"),
        ("www.example.com.", "www"),
        ("www.example.com", "www"),
        ("WWW.Example.COM.", "WWW"),
        ("example.com.", "@"),
        ("example.com", "@"),
        ("a.b.example.com.", "a.b"),
        ("_sip._tcp", "_sip._tcp"),
    ],
)
def test_names_are_relative_to_the_domain(given, stored):
    assert domain_record.relative_name(given, DOMAIN) == stored


def test_a_fully_qualified_name_outside_the_domain_is_refused():
    with pytest.raises(DigitalOceanError, match="not within the domain"):
        domain_record.relative_name("www.example.net.", DOMAIN)


@pytest.mark.parametrize(
    "kind, given, stored",
    [
        ("CNAME", "www", "www.example.com"),
        ("CNAME", "pages.example.net.", "pages.example.net"),
        ("CNAME", "Pages.Example.NET.", "pages.example.net"),
        ("MX", "example.com.", "@"),
        ("MX", "@", "@"),
        ("NS", "ns1.example.net.", "ns1.example.net"),
        ("SRV", "sip", "sip.example.com"),
        ("A", "192.0.2.1", "192.0.2.1"),
        ("AAAA", "2001:DB8:0:0::1", "2001:db8::1"),
        ("TXT", "v=spf1 -all", "v=spf1 -all"),
    ],
)
def test_data_is_compared_as_the_api_stores_it(kind, given, stored):
    assert domain_record.normal_data(kind, given, DOMAIN) == stored


def test_caa_issue_drops_the_trailing_dot_but_iodef_keeps_its_value():
    assert domain_record.normal_data("CAA", "letsencrypt.org.", DOMAIN, tag="issue") == "letsencrypt.org"
    assert domain_record.normal_data("CAA", "mailto:a@b.c", DOMAIN, tag="iodef") == "mailto:a@b.c"


@pytest.mark.parametrize("stored, sent", [("www.example.com", "www.example.com."), ("@", "@")])
def test_host_names_are_sent_absolute_so_the_api_does_not_complete_them_twice(stored, sent):
    assert domain_record.api_data("CNAME", stored) == sent
    assert domain_record.api_data("TXT", stored) == stored


def params(**given):
    base = {"domain": "Example.com.", "type": "A", "name": "@", "data": "192.0.2.1", "ttl": None, "priority": None,
            "port": None, "weight": None, "flags": None, "tag": None, "state": "present"}
    base.update(given)
    return base


@pytest.mark.parametrize(
    "given, message",
    [
        ({"priority": 10}, "A records do not use priority"),
        ({"type": "MX", "data": "mail", "priority": 70000}, "priority must be between 0 and 65535"),
        ({"ttl": 10}, "ttl must be at least 30"),
        ({"type": "CNAME", "name": "example.com.", "data": "x.example.net."}, "cannot be at the apex"),
        ({"data": "300.1.1.1"}, "not an IPv4 address"),
        ({"type": "AAAA", "data": "192.0.2.1"}, "not an IPv6 address"),
        ({"data": None}, "data is required with state=present"),
        ({"data": " "}, "data must not be empty"),
    ],
)
def test_bad_input_is_refused_before_any_request(given, message):
    assert message in domain_record.check_params(params(**given))


def test_good_input_is_normalised_in_place():
    given = params(type="MX", name="mail.example.com.", data="mx", priority=10)
    assert domain_record.check_params(given) is None
    assert (given["domain"], given["name"], given["data"]) == ("example.com", "mail", "mx.example.com")
