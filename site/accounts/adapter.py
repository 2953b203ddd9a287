"""allauth adapter: every new account starts as a learner."""

from allauth.account.adapter import DefaultAccountAdapter

from .roles import LEARNER, grant_role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            grant_role(user, LEARNER)
        return user
