package models_test
import ("testing";"os";"fmt";"retort/engine/models")
func TestDbgTD(t *testing.T) {
	src, _ := os.ReadFile("/tmp/td/models.py")
	res, err := models.Load(models.Files{"models.py": src}, []string{"models"})
	fmt.Println(err)
	if res != nil && res.MetaData != nil { for _, c := range res.MetaData.Tables[0].Columns { fmt.Printf("%s %+v\n", c.Name, c.Type) } }
}
