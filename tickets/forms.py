from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.phone import normalise_phone
from privacy.guardians import AgeQuestionMixin

from .conf import conf


class BuyForm(forms.Form):
    """Who buys, and how many tickets of each of the event's prices: a
    quantity field per price category (``quantity_<category id>``), and
    where the performance has them, one per category for wheelchair places
    (``wheelchair_<category id>``); where the event offers them, free
    companion tickets with the buyer confirming they hold a ledsagerbevis."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Your tickets and receipt are sent here."),
    )

    def __init__(
        self,
        *args,
        categories,
        wheelchair_places=0,
        wheelchair_left=0,
        companions=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.wheelchair = bool(wheelchair_places)
        self.wheelchair_left = wheelchair_left
        self.companions = companions
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for category in self.categories:
            self.fields[self.field_name(category)] = self._count_field(
                f"{category.name} ({category.price:.0f} NOK)"
            )
        if self.wheelchair:
            for category in self.categories:
                field = self._count_field(
                    _("%(category)s, wheelchair place (%(price)s NOK)")
                    % {"category": category.name, "price": f"{category.price:.0f}"},
                    max_value=wheelchair_places,
                )
                # The browser is told what is left now; the server checks
                # only the hall's number, since what is left can change
                # before the buyer sends: the sale, under its lock, refuses
                # what is gone with a 409 saying how many are left.
                field.widget.attrs["max"] = wheelchair_left
                self.fields[self.wheelchair_name(category)] = field
        if companions:
            self.fields["companions"] = self._count_field(
                _("Companion ticket (0 NOK)"),
                help_text=_(
                    "Free for the companion of a holder of a ledsagerbevis, at "
                    "most one per paying ticket."
                ),
            )
            self.fields["companion_card"] = forms.BooleanField(
                label=_(
                    "I hold a ledsagerbevis (companion card) and will show it at "
                    "the door"
                ),
                required=False,
            )

    @staticmethod
    def _count_field(label, *, max_value=None, help_text=""):
        return forms.IntegerField(
            label=label,
            help_text=help_text,
            min_value=0,
            max_value=conf.MAX_PER_ORDER if max_value is None else max_value,
            initial=0,
            required=False,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )

    @staticmethod
    def field_name(category):
        return f"quantity_{category.pk}"

    @staticmethod
    def wheelchair_name(category):
        return f"wheelchair_{category.pk}"

    def quantity_fields(self):
        return [self[self.field_name(category)] for category in self.categories]

    def wheelchair_fields(self):
        if not self.wheelchair:
            return []
        return [self[self.wheelchair_name(category)] for category in self.categories]

    def companion_fields(self):
        if not self.companions:
            return []
        return [self["companions"], self["companion_card"]]

    def _count(self, name):
        return self.cleaned_data.get(name) or 0

    def clean(self):
        cleaned = super().clean()
        count_fields = [
            f for f in self.fields if f.startswith(("quantity_", "wheelchair_"))
        ]
        if any(name in self.errors for name in [*count_fields, "companions"]):
            return cleaned
        paying = sum(self._count(name) for name in count_fields)
        companions = self._count("companions")
        total = paying + companions
        if total < 1:
            raise forms.ValidationError(_("Choose at least one ticket."))
        if total > conf.MAX_PER_ORDER:
            raise forms.ValidationError(
                _("You can buy at most %(max)d tickets in one order."),
                params={"max": conf.MAX_PER_ORDER},
            )
        if companions > paying:
            self.add_error(
                "companions",
                _("A companion ticket is only sold together with a paying ticket."),
            )
        elif companions and not cleaned.get("companion_card"):
            self.add_error(
                "companion_card",
                _("Confirm that you hold a ledsagerbevis to buy a companion ticket."),
            )
        return cleaned

    @property
    def quantities(self):
        """``{category: count}`` of seats, of a valid form."""
        return {
            category: self._count(self.field_name(category))
            for category in self.categories
        }

    @property
    def wheelchair_quantities(self):
        """``{category: count}`` of wheelchair places, of a valid form."""
        if not self.wheelchair:
            return {}
        return {
            category: self._count(self.wheelchair_name(category))
            for category in self.categories
        }

    @property
    def companion_count(self) -> int:
        return self._count("companions")


def cap(field, most, *, shown=None):
    """Let ``field`` take at most ``most`` (``max_value`` for the message,
    a validator, since the field was built before the number was known), and
    tell the browser ``shown`` (by default the same)."""
    field.max_value = most
    field.validators.append(MaxValueValidator(most))
    field.widget.attrs["max"] = most if shown is None else shown


class WheelchairAmongTickets:
    """For forms with a number of tickets (``quantity``) and, where the
    performance has them, how many of these are wheelchair places
    (``wheelchair``, removed when there are none)."""

    wheelchair_among_message = _("Wheelchair places are counted among the tickets.")

    def clean(self):
        data = super().clean()
        if (data.get("wheelchair") or 0) > (data.get("quantity") or 0):
            self.add_error("wheelchair", self.wheelchair_among_message)
        return data

    @property
    def wheelchair_count(self) -> int:
        return self.cleaned_data.get("wheelchair") or 0


class FreeTicketForm(WheelchairAmongTickets, forms.Form):
    """Who comes, and how many free tickets of a free event: a number of
    tickets and, where the performance has them, how many of them are
    wheelchair places. ``limit`` caps the tickets (a waiting-list offer
    holds a number of places)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Your tickets are sent here."),
    )
    quantity = forms.IntegerField(
        label=_("Free tickets"),
        min_value=1,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    wheelchair = forms.IntegerField(
        label=_("Of these, wheelchair places"),
        min_value=0,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    action = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, wheelchair_places=0, wheelchair_left=0, limit=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        most = conf.MAX_PER_ORDER if limit is None else min(limit, conf.MAX_PER_ORDER)
        cap(self.fields["quantity"], most)
        if not wheelchair_places:
            del self.fields["wheelchair"]
        else:
            # As on the buy form: the browser is told what is left now, the
            # server checks the hall's number and the registration, under
            # its lock, refuses what is gone with a 409.
            cap(self.fields["wheelchair"], wheelchair_places, shown=wheelchair_left)

    # The buy page's and the offer page's fieldsets, as BuyForm gives them.
    def quantity_fields(self):
        return [self["quantity"]]

    def wheelchair_fields(self):
        return [self["wheelchair"]] if "wheelchair" in self.fields else []

    def companion_fields(self):
        return []


class RecommendationsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Suggest events from the genres of the tickets I buy"),
        required=False,
    )


class WaitingListForm(WheelchairAmongTickets, AgeQuestionMixin, forms.Form):
    """Join the waiting list of a sold-out performance: an address to be
    told when seats come back (and, if given, a mobile number for an SMS),
    and how many are wanted. Consent is the
    legal basis, so the age is asked as the newsletter sign-up asks it: a
    younger visitor's sign-up waits for a guardian."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We write here only if seats come back for this performance."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # The newsletter's SMS field, with its wording: optional, and what the
    # number is used for, which is all it is used for.
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=30,
        help_text=_(
            "Optional. Only for an SMS when seats come back for this "
            "performance; we use the number for nothing else."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    quantity = forms.IntegerField(
        label=_("Tickets wanted"),
        min_value=1,
        initial=2,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    wheelchair_among_message = _(
        "Wheelchair places are counted among the tickets wanted."
    )

    wheelchair = forms.IntegerField(
        label=_("Of these, wheelchair places"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_(
            "Wheelchair places that come back are offered to those who need "
            "one, in the order they signed up."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, wheelchair_places=0, **kwargs):
        super().__init__(*args, **kwargs)
        if not wheelchair_places:
            del self.fields["wheelchair"]
        else:
            cap(self.fields["wheelchair"], wheelchair_places)
        cap(self.fields["quantity"], conf.MAX_PER_ORDER)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))


class OfferForm(BuyForm):
    """Buy seats held by a waiting-list offer: the buy form without
    companions (not held by the offer), with wheelchair places only when
    the offer holds some."""

    action = forms.CharField(required=False, widget=forms.HiddenInput)
