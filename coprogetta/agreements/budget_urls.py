"""URLs of an agreement's money: budget lines, fee tiers, contributions, tranches, staff costs."""

urlpatterns: list = []
