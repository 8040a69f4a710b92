app_name = "serac"

urlpatterns: list = []
