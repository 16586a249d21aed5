using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class QuantizationConfig : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "QuantizationConfig",
                table: "Models",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QuantizationConfig",
                table: "Models");
        }
    }
}
