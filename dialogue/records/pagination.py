"""Paging a long public list without counting all of it.

Counting every public quote is a scan of every quote (and a join to its event's
visibility) on each page view, and grows with the archive. `CappedPaginator` counts only
as far as a few hundred pages past the page asked for: each page still knows whether there
is a next one and how many pages follow at least, and the count's cost stays the same as
the archive grows. Lists shorter than that are counted exactly, as before, and so is the
whole list when the last page is asked for by name (`?page=last`).
"""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A Paginator whose count stops `pages_ahead` pages past the page asked for; `capped`
    says whether it stopped there (the list goes on)."""

    pages_ahead = 500
    capped = False
    counted_up_to = None  # rows; None: count them all

    def page(self, number):
        try:
            asked = max(int(number), 1)
        except (TypeError, ValueError):
            asked = 1
        if "count" not in self.__dict__:  # already counted in full for `?page=last`
            self.counted_up_to = (asked + self.pages_ahead) * self.per_page
        return super().page(number)

    @cached_property
    def count(self):
        limit = self.counted_up_to
        if limit is None:  # asked before any page: the last page's number
            return super().count
        if isinstance(self.object_list, list):
            found = len(self.object_list[: limit + 1])
        else:  # any `limit + 1` rows will do: no order to follow
            found = self.object_list.order_by()[: limit + 1].count()
        self.capped = found > limit
        return min(found, limit)
