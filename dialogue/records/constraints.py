"""A database constraint's message beside the field it is about, not only above the form.

`Model.validate_constraints()` reports every violated constraint as an error of the whole
record, so the admin shows "An event cannot end before it starts." at the top of the page,
far from the end date. A model names the field each constraint is about in
`constraint_fields` ({constraint name: field name}); its message then appears beside that
field, in every form and in `full_clean()`'s errors alike.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ConstraintErrorsBesideFields:
    """Model mixin: violated constraints listed in `constraint_fields` are field errors."""

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if not self.constraint_fields or not hasattr(error, "error_dict"):
                raise
            field_of_message = {
                str(constraint.get_violation_error_message()): field
                for constraint in self._meta.constraints
                if (field := self.constraint_fields.get(constraint.name))
                and not (exclude and field in exclude)
            }
            errors = {}
            for name, found in error.error_dict.items():
                for one in found:
                    target = name
                    if name == NON_FIELD_ERRORS:
                        target = field_of_message.get(str(one.message), name)
                    errors.setdefault(target, []).append(one)
            raise ValidationError(errors) from error
