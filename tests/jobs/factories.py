"""factory_boy factories for the job model (plain rows; services build full jobs from settings)."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from jobs.models import Job, JobPermission


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    name = factory.Sequence(lambda n: f"job {n}")
    owner = factory.SubFactory(UserFactory)


class JobPermissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPermission

    job = factory.SubFactory(JobFactory)
    level = "CAN_VIEW"
