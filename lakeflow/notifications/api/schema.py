"""OpenAPI shapes of /api/2.0/notification-destinations (Databricks' shapes) and the run page's
deliveries (schema only: the views read fields with Params and build the wire by hand)."""

from __future__ import annotations

from rest_framework import serializers

from lakeflow.notifications.choices import Channel, DeliveryStatus, DestinationType


# -- requests -------------------------------------------------------------------------------------
class GenericWebhookConfigSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=2048, required=False, help_text="http(s); kept when omitted in an update."
    )
    username = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    password = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    signing_secret = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Lakeflow's: X-Lakeflow-Signature is sha256=<HMAC-SHA256 of the body>.",
    )


class SlackConfigSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2048, required=False)


class EmailConfigSerializer(serializers.Serializer):
    addresses = serializers.ListField(child=serializers.EmailField(), min_length=1)


class ConfigSerializer(serializers.Serializer):
    """Exactly one of the three."""

    generic_webhook = GenericWebhookConfigSerializer(required=False)
    slack = SlackConfigSerializer(required=False)
    email = EmailConfigSerializer(required=False)


class CreateDestinationRequestSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=255)
    config = ConfigSerializer()


class UpdateDestinationRequestSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=255, required=False)
    config = ConfigSerializer(required=False, help_text="Of the destination's own type.")


# -- responses: secrets never come back, only whether they are set --------------------------------
class GenericWebhookInfoSerializer(serializers.Serializer):
    url_set = serializers.BooleanField()
    username_set = serializers.BooleanField()
    password_set = serializers.BooleanField()


class SlackInfoSerializer(serializers.Serializer):
    url_set = serializers.BooleanField()


class ConfigInfoSerializer(serializers.Serializer):
    generic_webhook = GenericWebhookInfoSerializer(required=False)
    slack = SlackInfoSerializer(required=False)
    email = EmailConfigSerializer(required=False)


class DestinationSerializer(serializers.Serializer):
    id = serializers.CharField()
    display_name = serializers.CharField()
    destination_type = serializers.ChoiceField(DestinationType.choices)
    config = ConfigInfoSerializer()


class ListDestinationsResponseSerializer(serializers.Serializer):
    results = DestinationSerializer(many=True)
    next_page_token = serializers.CharField(required=False)


class AttemptSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    status_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    run_id = serializers.IntegerField()
    task_key = serializers.CharField(allow_blank=True)
    event = serializers.CharField()
    channel = serializers.ChoiceField(Channel.choices)
    destination_id = serializers.CharField(allow_null=True)
    destination_name = serializers.CharField(allow_null=True)
    recipient = serializers.CharField(help_text="An email address, or a webhook URL's scheme and host only.")
    status = serializers.ChoiceField(DeliveryStatus.choices)
    attempts = AttemptSerializer(many=True)
    created_time = serializers.IntegerField(help_text="Epoch milliseconds.")


class DeliveriesResponseSerializer(serializers.Serializer):
    deliveries = DeliverySerializer(many=True)
