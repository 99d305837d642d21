"""Spreadsheet import and export of authorities and contact points (see countries/resources.py
for the rules every handbook resource follows)."""

from import_export import fields, widgets

from contacts.models import Authority, Channel, ContactPoint
from countries.models import Language, Organization
from countries.resources import StrictResource, country_field, uid_field


def languages_field():
    return fields.Field(
        attribute="languages",
        column_name="languages",
        widget=widgets.ManyToManyWidget(Language, field="code", separator=","),
    )


class AuthorityResource(StrictResource):
    uid = uid_field()
    country = country_field()
    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=widgets.ForeignKeyWidget(Organization, field="slug"),
    )
    languages = languages_field()
    channels = fields.Field(
        attribute="channels",
        column_name="channels",
        widget=widgets.ManyToManyWidget(Channel, field="slug", separator=","),
    )
    required_columns = ("uid", "country", "name", "kind")

    class Meta:
        model = Authority
        import_id_fields = ["uid"]
        fields = [
            "uid",
            "country",
            "organization",
            "name",
            "kind",
            "receives_requests",
            "authorises",
            "executes",
            "is_single_point_of_contact",
            "address",
            "switchboard",
            "email",
            "website",
            "is_24_7",
            "languages",
            "channels",
            "notes",
            "last_verified_on",
        ]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class ContactPointResource(StrictResource):
    country_path = "authority__country_id"
    uid = uid_field()
    authority = fields.Field(
        attribute="authority", column_name="authority", widget=widgets.ForeignKeyWidget(Authority, field="uid")
    )
    languages = languages_field()
    required_columns = ("uid", "authority", "function")

    class Meta:
        model = ContactPoint
        import_id_fields = ["uid"]
        fields = [
            "uid",
            "authority",
            "function",
            "person_name",
            "phone",
            "mobile",
            "fax",
            "email",
            "languages",
            "is_24_7",
            "hours",
            "visibility",
            "last_verified_on",
        ]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
